import { labelKey } from '../session/key-map';
import {
  blankEdit,
  type TaskEdit,
  type TaskViewModule,
  type ViewContext,
  type ViewProps,
} from './view-module';

/** Ticks or unticks an option: with exclusive options, ticking one unticks the others. */
function toggle(edit: TaskEdit, id: string, exclusive: boolean): TaskEdit {
  const ticked = edit.accept.includes(id);
  if (exclusive) return { ...edit, accept: ticked ? [] : [id] };
  return { ...edit, accept: ticked ? edit.accept.filter((a) => a !== id) : [...edit.accept, id] };
}

function optionsOf({ task, labels }: ViewContext) {
  return task.options ?? labels.map((label) => ({ id: label, text: label }));
}

/** `textcat.manual`: the text and its options, picked by click or by number key. */
function ChoiceView(props: ViewProps) {
  const { task, exclusive, edit, onEdit } = props;
  const options = optionsOf(props);
  return (
    <div className="choice-view">
      <p className="annotate-text" data-testid="task-text">
        {task.text}
      </p>
      <fieldset className="choice-options">
        <legend>{exclusive ? 'Pick one' : 'Pick all that apply'}</legend>
        {options.map((option, i) => {
          const key = labelKey(i);
          return (
            <label key={option.id} className="choice-option">
              <input
                type={exclusive ? 'radio' : 'checkbox'}
                name={`choice-${task.taskHash}`}
                checked={edit.accept.includes(option.id)}
                onChange={() => onEdit(toggle(edit, option.id, exclusive))}
              />
              {key && (
                <kbd className="key-hint" aria-hidden="true">
                  {key}
                </kbd>
              )}
              <span>{option.text}</span>
            </label>
          );
        })}
      </fieldset>
    </div>
  );
}

export const choiceView: TaskViewModule = {
  Component: ChoiceView,
  manual: true,
  initialEdit: ({ task }) => ({ ...blankEdit(), accept: [...(task.accept ?? [])] }),
  onKey(action, edit, context) {
    if (action.kind !== 'label') return null;
    const option = optionsOf(context)[action.index];
    return option ? toggle(edit, option.id, context.exclusive) : null;
  },
};
